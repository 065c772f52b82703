// The editor's admin password: set from PATCHBAY_ADMIN_PASSWORD / --admin-password when given
// (replacing the stored one), else generated at the first start that needs it and printed once.
import { randomBytes } from 'node:crypto';
import type { AuthRepo } from '../../store/auth-repo';
import { hashPassword } from './password';

export const ADMIN_PASSWORD_KEY = 'admin_password';

/** Returns the generated password when one was made (to print once), else undefined. */
export async function ensureAdminPassword(
  auth: AuthRepo,
  given: string | undefined,
  required: boolean,
): Promise<string | undefined> {
  if (given !== undefined && given !== '') {
    auth.setSetting(ADMIN_PASSWORD_KEY, await hashPassword(given));
    return undefined;
  }
  if (!required || auth.setting(ADMIN_PASSWORD_KEY) !== undefined) return undefined;
  const generated = randomBytes(12).toString('base64url');
  auth.setSetting(ADMIN_PASSWORD_KEY, await hashPassword(generated));
  return generated;
}
