// Placeholder: typed webhook parameters are being written.
/** Parameters of any webhook: every name Twilio sent, as text. */
export type WebhookParams = Readonly<Record<string, string>>;

/** Reads parameters from a query string or a form body: the last value of a repeated name wins. */
export function readParams(source: URLSearchParams): WebhookParams {
  const out: Record<string, string> = {};
  for (const [name, value] of source) out[name] = value;
  return out;
}
