import type { OpsActor } from '../../../libs/ops/index.js';
import { html, SafeHtml } from '../html.js';
import { csrfField } from './fragments.js';

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1d2733;background:#f5f7fa}
header{background:#1d2733;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center}
header a{color:#cfe3ff;text-decoration:none}header form{margin-left:auto}
main{padding:1rem 1.2rem;max-width:1200px}
section{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:.8rem 1rem;margin-bottom:1rem}
h1{font-size:1.1rem;margin:0}h2{font-size:1rem;margin:.2rem 0 .6rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eef1f4;vertical-align:top}
.muted{color:#6b7785}.bad{color:#b42318}.good{color:#067647}.notice{background:#eef6ff;border-color:#b2d4ff}
form.inline{display:inline}button{cursor:pointer}code{font-size:.85rem}
`;

export interface PageFrame {
  title: string;
  /** The signed-in user, named in the header with a log-out form; null on the sign-in page. */
  user: OpsActor | null;
  csrfToken: string;
  content: SafeHtml;
  /** Reloads the page every so many seconds (a run in progress). */
  refreshSeconds?: number | undefined;
}

/** The whole HTML document: header with the user and role, a log-out form, and the content. */
export function layout({ title, user, csrfToken, content, refreshSeconds }: PageFrame): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex" />
        <link rel="icon" href="data:," />
        ${refreshSeconds ? html`<meta http-equiv="refresh" content="${refreshSeconds}" />` : ''}
        <title>${title} · SafetyAmp sync</title>
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <h1>SafetyAmp sync</h1>
          ${
            user
              ? html`<a href="/">Fleet status</a><a href="/board/">Queues (Bull Board)</a
                  ><a href="/audit">Audit trail</a>
                  <span class="muted">${user.name} (${user.role})</span>
                  <form method="post" action="/logout">${csrfField(csrfToken)}<button>Log out</button></form>`
              : ''
          }
        </header>
        <main>${content}</main>
      </body>
    </html>`.value;
}
