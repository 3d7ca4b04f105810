// The map of a flow as calls and messages explore it: each document requested is a node, each caller input or
// redirect that led from one document to the next is an edge. It grows with every call and is exported as
// Mermaid text (to paste into docs) and as a standalone SVG (what the page shows).
import { escapeAttribute, escapeText } from "../render/escape.js";
import type { SimulatedRequest } from "../testing/types.js";

export interface MapNode {
  readonly id: string;
  readonly label: string;
  /** `start` for the incoming call or message, `end` for how a call ended, `document` for a TwiML URL. */
  readonly kind: "start" | "document" | "end";
}

export interface MapEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** How many times a call went this way. */
  count: number;
}

/** The HTTP redirects Twilio follows (https://www.twilio.com/docs/api/errors/11216). */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307]);

/** One call or message being followed across its requests. */
export class Trace {
  private previous: string;
  private redirectStatus: number | undefined;

  constructor(
    private readonly map: FlowMap,
    start: "call" | "message",
  ) {
    this.previous = map.node(start, start === "call" ? "Incoming call" : "Incoming message", "start");
  }

  request(request: SimulatedRequest): void {
    // One line whatever the caller typed: a Mermaid statement ends at a line break.
    const label =
      this.redirectStatus !== undefined ? `HTTP ${this.redirectStatus}` : inputLabel(request.params, this.previous).replace(/\s+/g, " ");
    const target = this.map.node(`doc:${this.map.documentKey(request)}`, this.map.documentLabel(request), "document");
    this.map.edge(this.previous, target, label);
    this.previous = target;
    this.redirectStatus = undefined;
  }

  response(status: number): void {
    this.redirectStatus = REDIRECT_STATUSES.has(status) ? status : undefined;
  }

  end(how: string, code?: number): void {
    const label = code === undefined ? how : `${how} ${code}`;
    this.map.edge(this.previous, this.map.node(`end:${label}`, label, "end"), "");
  }
}

/** What the caller did that made Twilio request a document, read from the parameters Twilio sent. */
function inputLabel(params: Readonly<Record<string, string>>, from: string): string {
  if (from === "call") return "call";
  if (from === "message") return `text "${params.Body ?? ""}"`;
  if (params.RecordingUrl !== undefined) return "recording";
  if (params.SpeechResult !== undefined) return `said "${params.SpeechResult}"`;
  if (params.Digits !== undefined) return params.Digits === "" ? "no input" : `keys ${params.Digits}`;
  if (params.DialCallStatus !== undefined) return `dial ${params.DialCallStatus}`;
  if (params.QueueResult !== undefined) return `queue ${params.QueueResult}`;
  if (params.Result !== undefined) return `pay ${params.Result}`;
  return "redirect";
}

export class FlowMap {
  private readonly nodes = new Map<string, MapNode>();
  private readonly edges = new Map<string, MapEdge>();

  /** `origin` is left out of document labels on the same origin, which keeps them short. */
  constructor(private readonly origin: string) {}

  trace(start: "call" | "message"): Trace {
    return new Trace(this, start);
  }

  /** A document's identity: its URL without the parameters Twilio added to a GET's query string. */
  documentKey(request: SimulatedRequest): string {
    const url = new URL(request.url);
    if (request.method === "GET") for (const name of Object.keys(request.params)) url.searchParams.delete(name);
    return `${url.origin}${url.pathname}${url.search}`;
  }

  documentLabel(request: SimulatedRequest): string {
    const key = this.documentKey(request);
    return key.startsWith(`${this.origin}/`) ? key.slice(this.origin.length) : key;
  }

  node(id: string, label: string, kind: MapNode["kind"]): string {
    if (!this.nodes.has(id)) this.nodes.set(id, { id, label, kind });
    return id;
  }

  edge(from: string, to: string, label: string): void {
    const key = JSON.stringify([from, to, label]);
    const known = this.edges.get(key);
    if (known !== undefined) known.count++;
    else this.edges.set(key, { from, to, label, count: 1 });
  }

  clear(): void {
    this.nodes.clear();
    this.edges.clear();
  }

  get size(): number {
    return this.nodes.size;
  }

  /** The map as a Mermaid flowchart, nodes in the order they were found. */
  toMermaid(): string {
    const ids = new Map([...this.nodes.keys()].map((id, index) => [id, `n${index}`]));
    const lines = ["flowchart LR"];
    for (const node of this.nodes.values()) {
      const text = mermaidText(node.label);
      const shape = node.kind === "document" ? `["${text}"]` : node.kind === "start" ? `(["${text}"])` : `(("${text}"))`;
      lines.push(`  ${ids.get(node.id)}${shape}`);
    }
    for (const edge of this.edges.values()) {
      const label = edge.label === "" ? "" : `|"${mermaidText(edge.label)}"|`;
      lines.push(`  ${ids.get(edge.from)} -->${label} ${ids.get(edge.to)}`);
    }
    return `${lines.join("\n")}\n`;
  }

  /** The map as a standalone SVG: columns by distance from the start, back edges curving below. */
  toSvg(): string {
    const layout = this.layout();
    const parts: string[] = [];
    // Edges between the same two nodes (texts with different words, keys that lead to the same document) bulge
    // apart one after the other, so that their labels do not overlap.
    const parallel = new Map<string, number>();
    for (const edge of this.edges.values()) {
      const a = layout.boxes.get(edge.from)!;
      const b = layout.boxes.get(edge.to)!;
      const pair = `${edge.from}\n${edge.to}`;
      const nth = parallel.get(pair) ?? 0;
      parallel.set(pair, nth + 1);
      const bulge = nth * PARALLEL_GAP;
      let path: string;
      let mid: { x: number; y: number };
      if (b.x > a.x) {
        const [x1, y1, x2, y2] = [a.x + a.width, a.y + BOX_HEIGHT / 2, b.x, b.y + BOX_HEIGHT / 2];
        const bend = (x2 - x1) / 2;
        path = `M${x1} ${y1}C${x1 + bend} ${y1 + bulge} ${x2 - bend} ${y2 + bulge} ${x2} ${y2}`;
        mid = { x: (x1 + x2) / 2, y: (y1 + y2) / 2 + (bulge * 3) / 4 };
      } else {
        // Backwards or within a column (a retry, a loop back to the menu): under both boxes.
        // A document that leads back to itself (a recording posted to its own URL) loops from its left third to its right third.
        const self = edge.from === edge.to;
        const [x1, y1, x2, y2] = [
          a.x + a.width * (self ? 0.3 : 0.5),
          a.y + BOX_HEIGHT,
          b.x + b.width * (self ? 0.7 : 0.5),
          b.y + BOX_HEIGHT,
        ];
        const depth = Math.max(y1, y2) + 36 + bulge;
        path = `M${x1} ${y1}C${x1} ${depth} ${x2} ${depth} ${x2} ${y2}`;
        mid = { x: (x1 + x2) / 2, y: (y1 + y2) / 8 + (depth * 3) / 4 };
      }
      const title = `${this.nodes.get(edge.from)!.label} → ${this.nodes.get(edge.to)!.label}${edge.label === "" ? "" : `: ${edge.label}`} (${edge.count}×)`;
      parts.push(
        `<g class="edge"><title>${escapeText(title, false, "title")}</title><path d="${path}" fill="none" stroke="${EDGE_COLOUR}" marker-end="url(#arrow)"/>`,
      );
      if (edge.label !== "") {
        parts.push(
          `<text x="${round(mid.x)}" y="${round(mid.y - 4)}" text-anchor="middle" font-size="11" fill="#3e4c59">${escapeText(edge.label, false, "text")}</text>`,
        );
      }
      parts.push("</g>");
    }
    for (const node of this.nodes.values()) {
      const box = layout.boxes.get(node.id)!;
      const radius = node.kind === "document" ? 4 : BOX_HEIGHT / 2;
      parts.push(
        `<g class="node ${node.kind}"><rect x="${box.x}" y="${box.y}" width="${box.width}" height="${BOX_HEIGHT}" rx="${radius}" fill="${FILL[node.kind]}" stroke="#52606d"/>` +
          `<text x="${box.x + box.width / 2}" y="${box.y + BOX_HEIGHT / 2 + 4}" text-anchor="middle">${escapeText(node.label, false, "text")}</text></g>`,
      );
    }
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="${escapeAttribute(`Flow map: ${this.nodes.size} nodes, ${this.edges.size} edges`, false, "svg", "aria-label")}">` +
      `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${EDGE_COLOUR}"/></marker></defs>` +
      `<g font-family="system-ui,sans-serif" font-size="12" fill="#1f2933">${parts.join("")}</g></svg>`
    );
  }

  private layout(): { boxes: Map<string, Box>; width: number; height: number } {
    // Breadth-first depth from the start nodes, in the order nodes were found.
    const depth = new Map<string, number>();
    for (const node of this.nodes.values()) if (node.kind === "start") depth.set(node.id, 0);
    for (let changed = true; changed; ) {
      changed = false;
      for (const edge of this.edges.values()) {
        const from = depth.get(edge.from);
        if (from !== undefined && !depth.has(edge.to)) {
          depth.set(edge.to, from + 1);
          changed = true;
        }
      }
    }
    const columns: MapNode[][] = [];
    for (const node of this.nodes.values()) (columns[depth.get(node.id) ?? 0] ??= []).push(node);
    const boxes = new Map<string, Box>();
    let x = MARGIN;
    let height = 0;
    for (const column of columns) {
      if (column === undefined) continue;
      const width = Math.max(...column.map((n) => textWidth(n.label)));
      column.forEach((node, row) => {
        boxes.set(node.id, { x, y: MARGIN + row * ROW, width });
      });
      height = Math.max(height, MARGIN + column.length * ROW);
      x += width + COLUMN_GAP;
    }
    return { boxes, width: Math.max(x - COLUMN_GAP + MARGIN, 2 * MARGIN), height: height + 40 };
  }
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

const BOX_HEIGHT = 28;
const ROW = 64;
const MARGIN = 12;
const COLUMN_GAP = 110;
const PARALLEL_GAP = 18;
// Presentation attributes rather than a <style>: the page inlines the SVG under a policy that forbids inline styles.
const EDGE_COLOUR = "#7b8794";
const FILL: Readonly<Record<MapNode["kind"], string>> = { start: "#d9f2e6", document: "#fff", end: "#f0f4f8" };

/** Box width for a label: about 7 px per character of 12 px sans-serif, plus padding. */
function textWidth(label: string): number {
  return Math.max(60, Math.min(320, [...label].length * 7 + 20));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Text inside a quoted Mermaid label: quotes and angle brackets as Mermaid's entity codes. */
function mermaidText(label: string): string {
  return label.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}
