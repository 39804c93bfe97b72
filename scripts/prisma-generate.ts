import { generatePrismaClient } from "./lib/prepare.ts";

generatePrismaClient(true);
