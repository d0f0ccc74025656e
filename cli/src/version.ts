import cliPackage from '../package.json' with { type: 'json' };

/** The client's version, from its package.json: `reviewtrace --version` and the User-Agent say it. */
export const cliVersion: string = cliPackage.version;
