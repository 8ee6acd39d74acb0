// Moved to src/io/ (the CLI uses it too, and the CLI imports nothing from internal/).
export { writeFileAtomic } from '../io/atomic-write.js'
