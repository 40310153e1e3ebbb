import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@taskhub/platform-http';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** GET /projects: the caller's projects, newest first; `archived` filters (both without it). */
export class ListProjectsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only archived (true) or only active (false) projects; both without it', type: Boolean, example: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  readonly archived?: boolean;
}
