/** Random ids for workspaces and their items (crypto-strong, URL-safe). */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  let text = '';
  for (const byte of bytes) text += byte.toString(36).padStart(2, '0');
  return `${prefix}_${text}`;
}
