/**
 * The request path's role belongs to one installation: `huquq_app_<database>` unless
 * APP_DATABASE_URL names another. Two installations on one server never share it, nor its
 * password, nor its grants (decision 0022).
 */
export function appRoleName(databaseUrl: string): string {
  const database = new URL(databaseUrl).pathname.replace(/^\//, '');
  // PostgreSQL cuts names at 63 bytes; database names here are [A-Za-z0-9_] only.
  return `huquq_app_${database}`.slice(0, 63);
}

/** The role an app URL signs in as. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** The same server and database as another user (and password, when given). */
export function withUser(url: string, user: string, password = ''): string {
  const copy = new URL(url);
  copy.username = encodeURIComponent(user);
  copy.password = encodeURIComponent(password);
  return copy.toString();
}
