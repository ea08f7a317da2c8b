// The path of a request URL, without its query string: what logs, the journal, fault rules and "no such
// path" answers name. On the path of every request (the log line), so without splitting into an array.
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
