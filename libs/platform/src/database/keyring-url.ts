/** The keyring beside a database (decision 0023): the same server and user, database `<name>_keyring`. */
export function defaultKeyringUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `${url.pathname.replace(/^\//, '')}_keyring`.slice(0, 63);
  return url.toString();
}
