import { readdirSync } from 'node:fs';
import { accessClaims, integrationEnv, signRs256 } from '@taskhub/platform-testing';

/** Bearer headers of an access token for `userId`, signed with the run's key as the auth service would sign it. */
export function bearerOf(userId: string): Record<string, string> {
  const { jwtKeysDir } = integrationEnv();
  const kid = readdirSync(jwtKeysDir).find((file) => file.endsWith('.private.pem'))!.replace(/\.private\.pem$/, '');
  return { authorization: `Bearer ${signRs256(jwtKeysDir, kid, { payload: accessClaims(userId) })}` };
}
