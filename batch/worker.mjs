// Entry point of a parse worker thread (batch/engine.ts). Worker threads do not inherit the tsx
// loader of the main thread, so register it here, then load the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
