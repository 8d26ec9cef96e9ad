/** The configuration file at the project root; its folder is the project root. */
export const CONFIG_FILE = 'presslate.config.yaml';
