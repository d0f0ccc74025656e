import { signInLinkErrors, type SignInLinkError } from '@reviewtrace/contracts';

/** What went wrong with the one-click link that brought the browser here, and what to do instead. */
const messages: Record<SignInLinkError, string> = {
  expired:
    'That sign-in link has expired. The server prints new links each time it starts: use one of those, or paste a token below.',
  invalid:
    'That sign-in link is not valid: it may be cut short, or come from another installation. Use a link the server printed at its latest start, or paste a token below.',
  missing: 'That sign-in link has no token in it. Copy the whole link, or paste a token below.',
};

/**
 * The server sends a sign-in link it could not use to `/sign-in?error=<reason>`. Undefined when the
 * page was not reached that way (or the reason is one this version does not know).
 */
export function signInLinkProblem(search: string): string | undefined {
  const sent = new URLSearchParams(search).get('error');
  const reason = signInLinkErrors.find((known) => known === sent);
  return reason && messages[reason];
}
