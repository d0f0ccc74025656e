/** Clipboard writes can be refused (permissions, insecure context); the caller says so instead of failing silently. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
