import { html, type SafeHtml } from '../html.js';

/** An ISO time as the pages show it (`2026-01-02 03:04:05Z`), or a dash. */
export function when(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
}

/** A value as compact JSON in a code element. */
export function json(value: unknown): SafeHtml {
  return html`<code>${JSON.stringify(value)}</code>`;
}

/** The hidden field that carries the CSRF token of every form that changes something. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

/** A page's whole content when it can only say what went wrong. */
export function problem(message: string): SafeHtml {
  return html`<section class="bad">${message}</section>`;
}
