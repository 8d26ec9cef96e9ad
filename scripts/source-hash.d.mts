/** Hex SHA-256 (32 digits) of the sources, package.json and the lock file under `repo`. */
export function hashSources(repo: string): string;
