import { PageQueryDto } from '@taskhub/platform-http';

/** `GET /accounts?cursor&limit`: newest first, no filters yet. */
export class ListAccountsQueryDto extends PageQueryDto {}
