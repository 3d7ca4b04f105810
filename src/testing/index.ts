export { simulateCall } from "./call.js";
export { simulateMessage } from "./message.js";
export type * from "./types.js";
