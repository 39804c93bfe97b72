import { buildIfNeeded } from "./lib/prepare.ts";

buildIfNeeded(true);
