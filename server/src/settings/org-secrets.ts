import type { Db } from '../db/database.ts';
import type { SecretBox } from './secret-box.ts';
import { orgSecretValues } from './settings.repository.ts';

/**
 * Every secret the org has stored, in the clear, so text bound for a log, an artifact or a
 * connector test result can be masked with them (redactText's `extraSecrets`).
 */
export async function openOrgSecrets(db: Db, secrets: SecretBox, orgId: number): Promise<string[]> {
  const values: string[] = [];
  for (const sealed of await orgSecretValues(db, orgId)) {
    try {
      values.push(secrets.open(sealed));
    } catch {
      // Masking what we can still read beats failing before anything can be reported.
    }
  }
  return values;
}
