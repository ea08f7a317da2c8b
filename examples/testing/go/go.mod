module vpcep-emulator/examples/testing/go

go 1.21

require github.com/opentelekomcloud/gophertelekomcloud v0.9.8

require gopkg.in/yaml.v2 v2.3.0 // indirect
