/**
 * Hides credentials in an RPC URL before it reaches a message: user info, API keys in the path
 * (Infura, Alchemy, QuickNode put them there) and key-like query values.
 */
export function maskUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return '<unparseable URL>'
  }
  if (url.username) url.username = '***'
  if (url.password) url.password = '***'
  url.pathname = url.pathname
    .split('/')
    .map((segment) => (/^[A-Za-z0-9_-]{16,}$/.test(segment) && /\d/.test(segment) ? '***' : segment))
    .join('/')
  for (const key of [...url.searchParams.keys()]) {
    if (/key|token|secret|auth|pass/i.test(key)) url.searchParams.set(key, '***')
  }
  return url.toString().replace(/%2A/g, '*')
}
