import { defineEvent } from '../../envelope/event-contract';
import { PersonalDataPartV1 } from '../personal-data-part/personal-data-part.v1';

export class AuthPersonalDataExportedV1 extends PersonalDataPartV1 {}

export const AUTH_PERSONAL_DATA_EXPORTED_V1 = defineEvent({
  type: 'auth.personal_data.exported',
  version: 1,
  data: AuthPersonalDataExportedV1,
  description: "One piece of the auth service's part of a personal data export: the account (e-mail, roles, created), sessions (no tokens) and API keys (no key or hash).",
  consumers: ['user'],
  personalData: true,
});
