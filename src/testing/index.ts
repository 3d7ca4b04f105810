export { simulateCall } from "./call.js";
export { Conversation, simulateMessage } from "./message.js";
export type * from "./types.js";
