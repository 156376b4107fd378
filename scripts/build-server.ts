import { buildServerBundle, bundleDir } from "./server-bundle";

// `npm run build`, after Next's build: the bundled server and CLI that `npm start` runs.
buildServerBundle();
console.log(`Server bundle ready: ${bundleDir}`);
