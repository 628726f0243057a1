// Preloaded into a command by the self-tests (NODE_OPTIONS=--import): this Node says it is 20.11.0,
// so the version check (`scripts/require-node.mjs`) meets an older Node on any machine. Only the
// version reads older; everything else is the Node running.
import process from 'node:process';

Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '20.11.0' } });
