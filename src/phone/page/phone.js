// The phone page: places calls through the local server, plays what the simulator says happens, asks the
// caller when the call waits, and shows every request, response and the map of the flow.
const $ = (id) => document.getElementById(id);
const els = {
  status: $("status"),
  dial: $("dial"),
  voiceUrl: $("voice-url"),
  from: $("from"),
  to: $("to"),
  call: $("call"),
  hangup: $("hangup"),
  mute: $("mute"),
  promptText: $("prompt-text"),
  sound: $("sound"),
  outcomes: $("outcomes"),
  speechForm: $("speech-form"),
  speech: $("speech"),
  listen: $("listen"),
  captions: $("captions"),
  player: $("player"),
  smsUrl: $("sms-url"),
  conversation: $("conversation"),
  messageForm: $("message-form"),
  messageBody: $("message-body"),
  messageMedia: $("message-media"),
  send: $("send"),
  timeline: $("timeline"),
  map: $("map"),
  mermaid: $("mermaid"),
};

/** Fields remembered between visits; the URLs always come from the command line. */
const REMEMBERED = { from: "twiml-phone.from", to: "twiml-phone.to" };

let call = null; // { id, prompt, keys, keyTimer, recorder, hangUpOnStart }
let muted = false;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function setStatus(text) {
  els.status.textContent = text;
}

async function post(path, body, type = "application/json") {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": type },
    body: type === "application/json" ? JSON.stringify(body) : body,
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${(await response.text()).trim()}`);
  return response;
}

// ---- sound: speech synthesis, audio, DTMF tones, pauses, one after the other ----

const queue = [];
let playing = false;
let audioContext = null;

/** `play` is started once the sounds before it have ended; `label` says what plays meanwhile. */
function enqueue(label, play) {
  queue.push(() => {
    els.sound.textContent = label;
    return play();
  });
  if (!playing) void drain();
}

// The simulator runs a call as fast as the app answers; the page then plays it at the speed of speech, so
// sounds (and pauses) go on after the call's events have all arrived, until the caller hangs up or calls again.
async function drain() {
  playing = true;
  while (queue.length > 0) {
    const item = queue.shift();
    try {
      await item();
    } catch {
      // A sound that cannot play (no voice, a URL the browser refuses) does not stop the ones after it.
    }
  }
  playing = false;
  els.sound.textContent = "";
}

let generation = 0;

function stopSound() {
  generation++;
  els.sound.textContent = "";
  queue.length = 0;
  if ("speechSynthesis" in window) speechSynthesis.cancel();
  els.player.pause();
}

/** A voice close to Twilio's: the Polly/Google name if the browser has it, else the language, else any. */
function pickVoice(language, voice) {
  const voices = speechSynthesis.getVoices();
  const name = (voice ?? "").split(/[.-]/).pop().toLowerCase();
  const inLanguage = voices.filter((v) => v.lang.toLowerCase() === language.toLowerCase());
  const sameBase = voices.filter((v) => v.lang.slice(0, 2).toLowerCase() === language.slice(0, 2).toLowerCase());
  const gender =
    voice === "man"
      ? /\b(male|man|david|daniel|alex|fred)\b/i
      : voice === "woman" || voice === "alice"
        ? /female|woman|samantha|zira|karen|victoria/i
        : null;
  return (
    (name.length > 2 && voices.find((v) => v.name.toLowerCase().includes(name))) ||
    (gender && inLanguage.find((v) => gender.test(v.name))) ||
    inLanguage[0] ||
    sameBase[0] ||
    null
  );
}

function speak(text, attributes) {
  return new Promise((resolve) => {
    if (muted || !("speechSynthesis" in window)) return resolve();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = attributes.language ?? "en-US";
    const voice = pickVoice(utterance.lang, attributes.voice);
    if (voice) utterance.voice = voice;
    // Some browsers never end an utterance without voices installed: give up after a generous reading time.
    const limit = setTimeout(resolve, 2000 + text.length * 120);
    utterance.onend = utterance.onerror = () => {
      clearTimeout(limit);
      resolve();
    };
    speechSynthesis.speak(utterance);
  });
}

function playUrl(url) {
  return new Promise((resolve) => {
    if (muted) return resolve();
    const done = () => {
      els.player.onended = els.player.onerror = null;
      resolve();
    };
    els.player.onended = els.player.onerror = done;
    els.player.src = url;
    els.player.play().catch(done);
  });
}

const DTMF = {
  1: [697, 1209],
  2: [697, 1336],
  3: [697, 1477],
  4: [770, 1209],
  5: [770, 1336],
  6: [770, 1477],
  7: [852, 1209],
  8: [852, 1336],
  9: [852, 1477],
  "*": [941, 1209],
  0: [941, 1336],
  "#": [941, 1477],
};

/** Keys as the two sine waves of DTMF; `w` waits half a second as in Twilio's `digits`. */
function tones(keys) {
  if (muted || !("AudioContext" in window)) return Promise.resolve();
  audioContext ??= new AudioContext();
  let at = audioContext.currentTime + 0.02;
  for (const key of keys) {
    if (key === "w" || key === "W") {
      at += key === "w" ? 0.5 : 1;
      continue;
    }
    for (const frequency of DTMF[key] ?? []) {
      const oscillator = audioContext.createOscillator();
      const gain = audioContext.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.08;
      oscillator.connect(gain).connect(audioContext.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.12);
    }
    at += 0.2;
  }
  return new Promise((resolve) => setTimeout(resolve, (at - audioContext.currentTime) * 1000));
}

function countdown(seconds) {
  const started = generation;
  return new Promise((resolve) => {
    let left = seconds;
    const tick = () => {
      if (left <= 0 || generation !== started) return resolve();
      els.sound.textContent = `Pause: ${left} s`;
      left--;
      setTimeout(tick, 1000);
    };
    tick();
  });
}

// ---- the call ----

function addCaption(text, kind) {
  els.captions.append(el("p", kind === "Play" ? { class: "play" } : {}, text));
  els.captions.scrollTop = els.captions.scrollHeight;
}

function heard(event) {
  addCaption(event.text, event.verb);
  const digits = /^\[play digits (.*)\]$/.exec(event.text);
  const url = /^\[play (.*)\]$/.exec(event.text);
  if (event.verb === "Say") enqueue(muted ? "" : "Speaking…", () => speak(event.text, event.attributes));
  else if (digits) enqueue(`Tones ${digits[1]}`, () => tones(digits[1]));
  else if (url) enqueue(`Playing ${url[1]}`, () => playUrl(url[1]));
}

function inCall(active) {
  els.call.disabled = active;
  els.hangup.disabled = !active;
}

async function placeCall(event) {
  event.preventDefault();
  if (call !== null) return;
  remember();
  stopSound();
  els.captions.replaceChildren();
  call = { id: null, prompt: null, keys: "", keyTimer: null, recorder: null };
  inCall(true);
  setStatus(`Calling ${els.voiceUrl.value}…`);
  try {
    const response = await post("/call", { url: els.voiceUrl.value, from: els.from.value, to: els.to.value });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      const lines = buffered.split("\n");
      buffered = lines.pop();
      for (const line of lines) if (line !== "") handle(JSON.parse(line));
    }
  } catch (error) {
    addTimeline(el("li", { class: "error" }, String(error.message ?? error)));
    setStatus("The call failed.");
  }
  endCall();
}

function endCall() {
  if (call?.recorder) call.recorder.cancel();
  clearTimeout(call?.keyTimer);
  call = null;
  inCall(false);
  showPrompt(null);
}

function handle(event) {
  switch (event.type) {
    case "call":
      call.id = event.id;
      setStatus("In call");
      if (call.hangUpOnStart) void post(`/call/${event.id}/hangup`, {}).catch(() => {});
      break;
    case "request":
      addRequest(event.request);
      break;
    case "response":
      addResponse(event);
      break;
    case "verb":
      addTimeline(el("li", { class: "verb" }, `▶ <${event.event.verb}${attributesText(event.event.attributes)}>`));
      if (event.event.verb === "Pause") enqueue("", () => countdown(Number(event.event.attributes.length ?? 1)));
      break;
    case "heard":
      heard(event);
      break;
    case "prompt":
      showPrompt(event.prompt);
      break;
    case "map":
      showMap(event);
      break;
    case "end":
      addEnd(event.result);
      break;
  }
}

function attributesText(attributes) {
  return Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${value}"`)
    .join("");
}

async function answer(input) {
  if (call?.id == null || call.prompt === null) return;
  const id = call.id;
  showPrompt(null);
  try {
    await post(`/call/${id}/input`, { input });
  } catch (error) {
    addTimeline(el("li", { class: "error" }, String(error.message)));
  }
}

async function hangUp() {
  if (call === null) return;
  stopSound();
  const id = call.id;
  if (call.recorder) await call.recorder.finish("hangup");
  // Hanging up before the server has named the call: it is hung up as soon as it has a name.
  if (id === null) call.hangUpOnStart = true;
  else await post(`/call/${id}/hangup`, {}).catch(() => {});
}

/**
 * The outcomes the caller can choose where a verb waits, by the input kind the simulator accepts there. The
 * dial, queue and payment outcomes are the simulator's own lists, sent with the page's settings.
 */
let OUTCOMES = {};

function outcomeButtons(lists) {
  const each = (kind, prefix, values) => values.map((value) => [`${prefix} ${value}`, { [kind]: value }]);
  return {
    dial: each("dial", "Dial", lists.dial),
    queue: each("queue", "Queue", lists.queue),
    pay: each("pay", "Pay", lists.pay),
    connect: [["End the session", { connect: {} }]],
    refer: each("refer", "Refer", ["completed", "failed", "busy", "no-answer"]),
  };
}

function accepts(prompt, kind) {
  return prompt.accepts.includes(kind);
}

function showPrompt(prompt) {
  if (call !== null) call.prompt = prompt;
  els.outcomes.replaceChildren();
  if (prompt === null) {
    els.promptText.textContent = call === null ? "Not in a call." : "Listening…";
    return;
  }
  const attributes = attributesText(prompt.attributes);
  els.promptText.textContent = `Waiting at <${prompt.verb}${attributes}>`;
  setStatus(`Waiting: <${prompt.verb}>`);
  const button = (label, input) => el("button", { type: "button", onclick: () => answer(input) }, label);
  if (prompt.verb === "Record") {
    void startRecording(prompt);
    return;
  }
  // The keypad and the speech box answer wherever the simulator takes keys or words: a <Gather>, and a
  // <Connect><ConversationRelay> (keys only with dtmfDetection).
  const keys = accepts(prompt, "keys");
  const speech = accepts(prompt, "speech");
  if (keys || speech)
    els.promptText.textContent += keys && speech ? ": press keys or say something" : speech ? ": say something" : ": press keys";
  if (prompt.verb === "Gather") els.outcomes.append(button("No answer", accepts(prompt, "silence") ? { silence: true } : null));
  for (const kind of prompt.accepts) {
    for (const [label, input] of OUTCOMES[kind] ?? []) els.outcomes.append(button(label, input));
  }
  // A <Say loop="0"> waits for nothing but the caller hanging up.
  if (prompt.accepts.length === 1 && prompt.accepts[0] === "hangup") {
    els.promptText.textContent += ": it goes on until you hang up";
  }
}

// ---- keys and speech ----

function press(key) {
  void tones(key);
  const prompt = call?.prompt;
  if (!prompt) return;
  if (prompt.verb === "Record") {
    const finish = prompt.attributes.finishOnKey ?? "1234567890*#";
    if (finish.includes(key) && call.recorder) void call.recorder.finish("key", key);
    return;
  }
  if (!accepts(prompt, "keys")) return;
  // A ConversationRelay session hears each key as it is pressed (one `dtmf` message per key); a <Gather>
  // collects them until it has them all.
  if (prompt.verb !== "Gather") {
    void answer(key);
    return;
  }
  call.keys += key;
  els.promptText.textContent = `Keys: ${call.keys}`;
  clearTimeout(call.keyTimer);
  const finishOnKey = prompt.attributes.finishOnKey ?? "#";
  const numDigits = Number(prompt.attributes.numDigits);
  const typed = finishOnKey !== "" && call.keys.endsWith(finishOnKey) ? call.keys.slice(0, -1) : call.keys;
  if ((finishOnKey !== "" && key === finishOnKey) || (numDigits > 0 && typed.length >= numDigits)) return sendKeys();
  // Twilio waits `timeout` seconds after each key before it takes what was typed.
  const timeout = Number(prompt.attributes.timeout ?? 5);
  call.keyTimer = setTimeout(sendKeys, (Number.isFinite(timeout) ? timeout : 5) * 1000);
}

function sendKeys() {
  clearTimeout(call.keyTimer);
  const keys = call.keys;
  call.keys = "";
  void answer(keys);
}

function saySpeech(event) {
  event.preventDefault();
  const words = els.speech.value.trim();
  if (words === "" || !call?.prompt || !accepts(call.prompt, "speech")) return;
  els.speech.value = "";
  void answer({ speech: words });
}

function setUpListening() {
  const Recognition = window.SpeechRecognition ?? window.webkitSpeechRecognition;
  if (!Recognition) return;
  els.listen.hidden = false;
  els.listen.addEventListener("click", () => {
    const recognition = new Recognition();
    recognition.lang = call?.prompt?.attributes.language ?? "en-US";
    recognition.onresult = (event) => {
      const result = event.results[0][0];
      if (call?.prompt && accepts(call.prompt, "speech")) void answer({ speech: result.transcript, confidence: result.confidence });
      else els.speech.value = result.transcript;
    };
    recognition.start();
  });
}

// ---- recording ----

async function startRecording(prompt) {
  const maxLength = Number(prompt.attributes.maxLength ?? 3600);
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch {
    return offerSpokenDuration();
  }
  const chunks = [];
  const recorder = new MediaRecorder(stream);
  const started = performance.now();
  recorder.ondataavailable = (event) => chunks.push(event.data);
  recorder.start();
  const elapsed = el("span", {}, "0 s");
  const ticker = setInterval(() => (elapsed.textContent = `${Math.round((performance.now() - started) / 1000)} s`), 500);
  const limit = setTimeout(() => control.finish("max-length"), maxLength * 1000);
  let finishing = null;
  const stop = () => {
    clearInterval(ticker);
    clearTimeout(limit);
    for (const track of stream.getTracks()) track.stop();
    if (call !== null) call.recorder = null;
  };
  const control = {
    finish(end, digits) {
      finishing ??= (async () => {
        const stopped = new Promise((resolve) => (recorder.onstop = resolve));
        recorder.stop();
        await stopped;
        stop();
        const duration = Math.max(1, Math.round((performance.now() - started) / 1000));
        const blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
        els.promptText.textContent = "Sending the recording…";
        const { url } = await (await post("/recordings", blob, blob.type)).json();
        await answer({ record: { duration, end, ...(digits && { digits }), url } });
      })();
      return finishing;
    },
    cancel() {
      if (recorder.state !== "inactive") recorder.stop();
      stop();
    },
  };
  call.recorder = control;
  els.promptText.replaceChildren(`Recording from the microphone: `, elapsed);
  els.outcomes.replaceChildren(el("button", { type: "button", onclick: () => control.finish("silence") }, "Stop recording"));
}

/** Without a microphone, the caller says how long they would speak. */
function offerSpokenDuration() {
  const seconds = el("input", { type: "number", min: "1", value: "5", id: "speak-seconds" });
  els.promptText.textContent = `Waiting at <Record>: no microphone`;
  els.outcomes.replaceChildren(
    el("label", {}, "Speak for (seconds) ", seconds),
    el(
      "button",
      { type: "button", onclick: () => answer({ record: { duration: Math.max(1, Number(seconds.value) || 1), end: "silence" } }) },
      "Send recording",
    ),
  );
}

// ---- messages ----

async function sendMessage(event) {
  event.preventDefault();
  remember();
  const body = els.messageBody.value;
  const media = els.messageMedia.value.split(/\s+/).filter((url) => url !== "");
  if (body.trim() === "" && media.length === 0) return;
  els.conversation.append(bubble("sent", body, media));
  els.messageBody.value = "";
  els.messageMedia.value = "";
  els.send.disabled = true;
  try {
    const events = await (await post("/message", { url: els.smsUrl.value, from: els.from.value, to: els.to.value, body, media })).json();
    for (const item of events) {
      if (item.type === "reply") els.conversation.append(bubble("received", item.message.body, item.message.media));
      else if (item.type === "end") addDelivered(item.result);
      else handle(item);
    }
  } catch (error) {
    addTimeline(el("li", { class: "error" }, String(error.message)));
  }
  els.send.disabled = false;
  els.conversation.scrollTop = els.conversation.scrollHeight;
}

function bubble(kind, body, media) {
  return el(
    "li",
    { class: kind },
    body,
    ...media.map((url) =>
      /\.(png|jpe?g|gif|webp|svg)(\?|$)/i.test(url) ? el("img", { src: url, alt: `Media: ${url}` }) : el("a", { href: url }, url),
    ),
  );
}

function addDelivered(result) {
  if (result.end === "error")
    addTimeline(el("li", { class: "error" }, `Message failed: error ${result.error.code}: ${result.error.message}`));
  else
    addTimeline(
      el("li", { class: "verb" }, `Message delivered: ${result.replies.length} ${result.replies.length === 1 ? "reply" : "replies"}`),
    );
}

// ---- the timeline ----

function addTimeline(item) {
  const atBottom = els.timeline.scrollTop + els.timeline.clientHeight >= els.timeline.scrollHeight - 4;
  els.timeline.append(item);
  if (atBottom) els.timeline.scrollTop = els.timeline.scrollHeight;
}

function table(record) {
  return el("table", {}, ...Object.entries(record).map(([name, value]) => el("tr", {}, el("th", {}, name), el("td", {}, value))));
}

function addRequest(request) {
  addTimeline(
    el("li", { class: "request" }, el("details", {}, el("summary", {}, `${request.method} ${request.url}`), table(request.params))),
  );
}

function addResponse(event) {
  const type = event.headers["content-type"] ?? "";
  const body = event.pretty ?? event.body;
  const details = el(
    "details",
    event.status >= 300 ? {} : { open: "" },
    el("summary", {}, `${event.status} ${type} (${event.body.length} characters)`),
    table(event.headers),
    body === "" ? null : highlighted(body),
  );
  const problems = (event.problems ?? []).map((p) =>
    el("p", { class: "problem" }, `${p.code} ${p.message}${p.path ? ` at ${p.path}` : ""}`),
  );
  addTimeline(el("li", { class: "response" }, details, ...problems));
}

/** The TwiML with tags, attribute names and values in their own spans, all as text nodes. */
function highlighted(xml) {
  const pre = el("pre", { class: "twiml" });
  const pattern = /(<\/?)([\w:.-]+)|([\w:.-]+)(=)("[^"]*"|'[^']*')|(\/?>)/g;
  let last = 0;
  for (const match of xml.matchAll(pattern)) {
    if (match.index > last) pre.append(xml.slice(last, match.index));
    if (match[2] !== undefined) pre.append(el("span", { class: "punct" }, match[1]), el("span", { class: "tag" }, match[2]));
    else if (match[3] !== undefined)
      pre.append(el("span", { class: "attr" }, match[3]), match[4], el("span", { class: "value" }, match[5]));
    else pre.append(el("span", { class: "punct" }, match[6]));
    last = match.index + match[0].length;
  }
  pre.append(xml.slice(last));
  return pre;
}

function addEnd(result) {
  const text = result.end === "error" ? `Call ended with error ${result.error.code}: ${result.error.message}` : `Call ended: ${result.end}`;
  addTimeline(el("li", { class: result.end === "error" ? "error" : "verb" }, text));
  setStatus(text);
}

// ---- the map ----

function showMap({ svg, mermaid }) {
  // The SVG comes from this page's own server, which escapes every label in it.
  els.map.innerHTML = svg;
  els.mermaid.textContent = mermaid;
}

async function clearMap() {
  showMap(await (await post("/map/clear", {})).json());
}

// ---- start ----

function remember() {
  for (const [field, key] of Object.entries(REMEMBERED)) localStorage.setItem(key, els[field].value);
}

async function start() {
  const config = await (await fetch("/config")).json();
  OUTCOMES = outcomeButtons(config.outcomes);
  els.voiceUrl.value = config.url;
  els.smsUrl.value = config.smsUrl;
  els.from.value = localStorage.getItem(REMEMBERED.from) ?? config.from;
  els.to.value = localStorage.getItem(REMEMBERED.to) ?? config.to;
  els.dial.addEventListener("submit", placeCall);
  els.hangup.addEventListener("click", hangUp);
  els.mute.addEventListener("click", () => {
    muted = !muted;
    els.mute.setAttribute("aria-pressed", String(muted));
    if (muted) stopSound();
  });
  for (const key of document.querySelectorAll("[data-key]")) key.addEventListener("click", () => press(key.dataset.key));
  document.addEventListener("keydown", (event) => {
    // Typing on the keyboard presses the keypad, except in a text field.
    if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
    if (/^[0-9*#]$/.test(event.key)) press(event.key);
  });
  els.speechForm.addEventListener("submit", saySpeech);
  els.messageForm.addEventListener("submit", sendMessage);
  $("clear-timeline").addEventListener("click", () => els.timeline.replaceChildren());
  $("clear-map").addEventListener("click", clearMap);
  setUpListening();
  showMap({ svg: await (await fetch("/map.svg")).text(), mermaid: await (await fetch("/map.mmd")).text() });
  els.call.disabled = false;
  els.send.disabled = false;
  setStatus("Ready");
  performance.mark("phone-ready");
}

void start();
