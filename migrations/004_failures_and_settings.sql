-- A resource that failed carries the error it failed with (the test-control API fails resources), and the
-- emulator keeps a few settings of its own, such as how far its clock is ahead.

ALTER TABLE endpoint_services ADD COLUMN error_code TEXT;      -- set only while status = 'failed'
ALTER TABLE endpoint_services ADD COLUMN error_message TEXT;
ALTER TABLE endpoints ADD COLUMN error_code TEXT;              -- set only while status = 'failed'
ALTER TABLE endpoints ADD COLUMN error_message TEXT;

CREATE TABLE emulator_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
