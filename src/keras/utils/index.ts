export { Progbar, defaultStream, consoleStream, type OutputStream, type ProgbarOptions } from "./progbar.ts";
