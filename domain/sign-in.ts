/**
 * Where `trust-scheduler login` asks the managed login to send the browser back: a loopback
 * address on the user's own machine (RFC 8252), allowed on the app client beside the pages' own.
 */
export const LOGIN_PORT = 53682;
export const loginCallbackUrl = (port: number) => `http://127.0.0.1:${port}/callback`;
