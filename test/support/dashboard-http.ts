/**
 * A cookie-keeping HTTP client over real TCP (node's fetch), for driving the dashboard as a browser would:
 * it follows no redirect on its own, so tests see 303s, and it hands out the XSRF-TOKEN cookie as the token.
 */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

export interface RequestOptions {
  json?: unknown;
  form?: Record<string, string | string[]>;
  headers?: Record<string, string>;
}

export class DashboardClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  /** The CSRF token the dashboard issued to this client (the readable XSRF-TOKEN cookie). */
  get csrfToken(): string {
    return decodeURIComponent(this.cookies.get('XSRF-TOKEN') ?? '');
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(options.form)) for (const one of [v].flat()) params.append(k, one);
      body = params.toString();
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
  }

  get(path: string, options?: RequestOptions): Promise<HttpAnswer> {
    return this.request('GET', path, options);
  }

  /** A GET as a browser page load (wants HTML). */
  page(path: string): Promise<HttpAnswer> {
    return this.request('GET', path, { headers: { accept: 'text/html' } });
  }

  /** A state change with this client's CSRF token in the header (as the JSON API and Bull Board's UI send it). */
  send(method: string, path: string, json?: unknown): Promise<HttpAnswer> {
    return this.request(method, path, { json: json ?? {}, headers: { 'x-csrf-token': this.csrfToken } });
  }

  /** A form post with this client's CSRF token in the hidden field, as the dashboard's pages send it. */
  submit(path: string, form: Record<string, string | string[]> = {}): Promise<HttpAnswer> {
    return this.request('POST', path, {
      form: { _csrf: this.csrfToken, ...form },
      headers: { accept: 'text/html' },
    });
  }

  /** Signs in through the login form (GET for the token, POST with it); throws unless the dashboard accepts. */
  async signIn(name: string, password: string): Promise<this> {
    const form = await this.page('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
    if (!token) throw new Error(`no CSRF token on the login page (status ${form.status})`);
    const res = await this.request('POST', '/login', {
      form: { _csrf: token, username: name, password },
      headers: { accept: 'text/html' },
    });
    if (res.status !== 303) throw new Error(`sign-in as ${name} answered ${res.status}`);
    return this;
  }
}
