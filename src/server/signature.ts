// Placeholder: request signature checks are being written (see src/server/README contract in the lead's notes).
export type SignatureAlgorithm = "HMAC_SHA1" | "HMAC_SHA256";

export interface SignedRequest {
  /** The full URL Twilio requested (the public URL), with its query string. */
  readonly url: string;
  /** Form-encoded POST body parameters, in the order received (repeated names kept); null for GET and JSON bodies. */
  readonly form: URLSearchParams | null;
  /** The raw body text, for the JSON variant (`bodySHA256` in the URL). */
  readonly rawBody: string;
  /** The `X-Twilio-Signature` header value, or null when absent. */
  readonly signature: string | null;
  /** The `X-Twilio-Webhooks-Signature-Settings` header value, or null when absent. */
  readonly settings: string | null;
}

export interface SignatureSecrets {
  readonly authToken?: string;
  readonly sharedKeySecret?: string;
}

/** Whether the request carries a valid signature. */
export async function validateSignature(request: SignedRequest, secrets: SignatureSecrets): Promise<boolean> {
  void request;
  void secrets;
  return false;
}

/** The signature Twilio would send for a request: base64 HMAC over the URL and the sorted form parameters. */
export async function computeSignature(
  secret: string,
  url: string,
  form: URLSearchParams | null,
  algorithm: SignatureAlgorithm = "HMAC_SHA1",
): Promise<string> {
  void secret;
  void url;
  void form;
  void algorithm;
  return "";
}
