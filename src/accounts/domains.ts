// Accounts (domains). Every project belongs to one account, and the whitelist of an endpoint service
// names accounts, not projects. Until the identity issue registers real accounts, each project is its
// own account: its domain id is its project id.

export function domainOf(projectId: string): string {
  return projectId;
}
