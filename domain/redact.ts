const EMAIL = /[^\s@<>"',;:()]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Replaces email addresses with `[email]`: applied to anything logged that might carry one. */
export function redactEmails(text: string): string {
  return text.replace(EMAIL, '[email]');
}
