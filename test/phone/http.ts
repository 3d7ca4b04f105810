// The phone's HTTP interface as its page uses it: JSON posted with the page's Origin, and a call's events read
// from the stream line by line.

/** POSTs JSON as the phone's own page does: a browser sends Origin with every POST, and the phone checks it. */
export function postJson(pageOrigin: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${pageOrigin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: pageOrigin, ...headers },
    body: JSON.stringify(body),
  });
}

/**
 * Places a call through the phone at `pageOrigin` and reads its events until the call ends, answering each
 * prompt with the next of `answers` (a hangup once they run out).
 */
export async function callEvents(
  pageOrigin: string,
  call: { url: string; from: string; to: string },
  answers: unknown[],
): Promise<Record<string, unknown>[]> {
  const response = await postJson(pageOrigin, "/call", call);
  if (response.headers.get("content-type") !== "application/x-ndjson; charset=utf-8") {
    throw new Error(`POST /call answered ${response.status} ${response.headers.get("content-type")}: ${await response.text()}`);
  }
  const events: Record<string, unknown>[] = [];
  let id = "";
  let buffered = "";
  for await (const chunk of response.body!.pipeThrough(new TextDecoderStream())) {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      const event = JSON.parse(line) as Record<string, unknown>;
      events.push(event);
      if (event.type === "call") id = event.id as string;
      if (event.type === "prompt") {
        const input = answers.length > 0 ? answers.shift() : { hangup: true };
        const answered = await postJson(pageOrigin, `/call/${id}/input`, { input });
        if (answered.status !== 204)
          throw new Error(`the answer ${JSON.stringify(input)} was refused: ${answered.status} ${await answered.text()}`);
      }
    }
  }
  return events;
}
