/**
 * The largest TwiML document Twilio accepts, in bytes of UTF-8: a longer answer fails with error 11750.
 * https://www.twilio.com/docs/api/errors/11750
 */
export const MAX_DOCUMENT_BYTES = 64 * 1024;
