export { webhook, WebhookError, TWIML_SIZE_LIMIT, type WebhookContext, type WebhookHandler, type WebhookOptions } from "./webhook.js";
export { toNodeHandler, type NodeHandlerOptions, type NodeListener } from "./node-http.js";
export * from "./params.js";
export { computeSignature, validateSignature, type SignatureAlgorithm, type SignatureSecrets, type SignedRequest } from "./signature.js";
export { verifyWebSocketRequest, type NodeUpgradeRequest, type WebSocketRequestOptions } from "./websocket.js";
export * from "./relay.js";
export * from "./media-stream.js";
export { WebSocketMessageError, type WebSocketData } from "./message.js";
