// Placeholder: the TypeScript language-service plugin is being written.
export {};
