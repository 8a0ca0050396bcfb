import { html, type SafeHtml } from '../html.js';
import { csrfField } from './fragments.js';

/** The sign-in form, with what went wrong on the last attempt if anything. */
export function loginPage(csrfToken: string, problem?: string): SafeHtml {
  return html`<section>
    <h2>Sign in</h2>
    ${problem ? html`<p class="bad">${problem}</p>` : ''}
    <form method="post" action="/login">
      ${csrfField(csrfToken)}
      <p>
        <label>User <input name="username" autocomplete="username" required /></label>
      </p>
      <p>
        <label
          >Password <input name="password" type="password" autocomplete="current-password" required
        /></label>
      </p>
      <p><button>Sign in</button></p>
    </form>
  </section>`;
}
