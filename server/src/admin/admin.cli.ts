import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { JwtCodec } from '../auth/jwt.ts';
import { roleNames, type RoleName } from '../auth/permissions.ts';
import { createOrg, createUser, findUserId, grantRole, orgExists, setRetention } from './admin.repository.ts';

const usage = `Usage: npm run admin -- <command> [options]

  create-org <name>                         prints the new org id
  create-user <email> --org <id> [--role member|owner|super_admin] [--name <name>]
                                            creates the user with that default org and role (default member)
  grant <user id or email> --org <id> --role <role>
  token <user id or email> [--org <id>] [--expires 30d]
                                            prints a signed JWT (HS256 with JWT_SECRET)
  retention --org <id> [--events-days N|keep] [--artifacts-days N|keep]
                                            how long the org keeps events and artifacts (default: keep)

Uses DATABASE_URL (or the embedded database under DATA_DIR; stop \`npm start\` first, PGlite allows one process).`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<string> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string', default: '30d' },
      'events-days': { type: 'string' },
      'artifacts-days': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, subject] = positionals;
  if (values.help || !command) return usage;

  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
  try {
    const { db } = database;
    await migrateToLatest(db);
    const orgId = values.org === undefined ? undefined : positiveInt(values.org, '--org');
    const role = values.role === undefined ? undefined : roleName(values.role);

    switch (command) {
      case 'create-org':
        if (!subject) throw new UsageError('create-org needs a name');
        return String(await createOrg(db, subject));
      case 'create-user': {
        if (!subject || orgId === undefined) throw new UsageError('create-user needs an email and --org');
        if (!(await orgExists(db, orgId))) throw new UsageError(`org ${orgId} does not exist`);
        const userId = await createUser(db, { email: subject, name: values.name ?? null, defaultOrgId: orgId });
        await grantRole(db, userId, orgId, role ?? 'member');
        return String(userId);
      }
      case 'grant': {
        if (!subject || orgId === undefined || !role) throw new UsageError('grant needs a user, --org and --role');
        const userId = await requireUser(db, subject);
        if (!(await orgExists(db, orgId))) throw new UsageError(`org ${orgId} does not exist`);
        await grantRole(db, userId, orgId, role);
        return `granted ${role} in org ${orgId} to user ${userId}`;
      }
      case 'token': {
        if (!subject) throw new UsageError('token needs a user id or email');
        const userId = await requireUser(db, subject);
        return new JwtCodec(config.jwtSecret).sign(userId, { expiresIn: values.expires, currentOrgId: orgId });
      }
      case 'retention': {
        if (orgId === undefined || !(await orgExists(db, orgId)))
          throw new UsageError('retention needs an existing --org');
        const days = (raw: string | undefined, name: string) =>
          raw === undefined ? undefined : raw === 'keep' ? null : positiveInt(raw, name);
        const events = days(values['events-days'], '--events-days');
        const artifacts = days(values['artifacts-days'], '--artifacts-days');
        await setRetention(db, orgId, { events, artifacts });
        return `org ${orgId}: events ${events === null ? 'kept' : events === undefined ? 'unchanged' : `${events} days`}, artifacts ${artifacts === null ? 'kept' : artifacts === undefined ? 'unchanged' : `${artifacts} days`}`;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } finally {
    await database.close();
  }
}

async function requireUser(db: Parameters<typeof findUserId>[0], idOrEmail: string): Promise<number> {
  const id = await findUserId(db, idOrEmail);
  if (id === undefined) throw new UsageError(`no user ${idOrEmail}`);
  return id;
}

function positiveInt(raw: string, name: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`${name} expects an id`);
  return Number(raw);
}

function roleName(raw: string): RoleName {
  if (!(roleNames as readonly string[]).includes(raw))
    throw new UsageError(`--role expects one of ${roleNames.join(', ')}`);
  return raw as RoleName;
}

main(process.argv.slice(2)).then(
  (output) => console.log(output),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`${error.message}\n\n${error instanceof UsageError ? usage : ''}`.trim());
    } else {
      console.error(error instanceof Error ? error.message : error);
    }
    process.exitCode = 1;
  },
);
