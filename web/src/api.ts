/** The web app's API client: JSON over fetch with the API key from session storage. */
const KEY = 'exportctl.key';

export function getKey(): string | null {
  return sessionStorage.getItem(KEY);
}
export function setKey(k: string | null): void {
  if (k) sessionStorage.setItem(KEY, k);
  else sessionStorage.removeItem(KEY);
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly value?: unknown,
  ) {
    super(message);
  }
}

export async function api<T = unknown>(path: string, init: { method?: string; body?: unknown; raw?: BodyInit; contentType?: string; key?: string | null } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const key = init.key === undefined ? getKey() : init.key;
  if (key) headers.authorization = `Bearer ${key}`;
  let body: BodyInit | undefined;
  if (init.raw !== undefined) {
    body = init.raw;
    if (init.contentType) headers['content-type'] = init.contentType;
  } else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
  } catch (e) {
    throw new ApiFailure(0, `network error: ${(e as Error).message}`);
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    const j = type.includes('json') ? await res.json().catch(() => ({})) : {};
    throw new ApiFailure(res.status, j.error ?? `${res.status} ${res.statusText}`, j.field, j.value);
  }
  if (type.includes('json')) return (await res.json()) as T;
  return (await res.text()) as T;
}

/** Downloads a file that needs the API key (plain links cannot send headers). */
export async function download(path: string, filename: string): Promise<void> {
  const key = getKey();
  const res = await fetch(path, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  if (!res.ok) throw new ApiFailure(res.status, `${res.status} ${res.statusText}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
