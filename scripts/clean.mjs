// Removes the previous build, so that files built from deleted or renamed sources are never published.
import { rmSync } from "node:fs";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
