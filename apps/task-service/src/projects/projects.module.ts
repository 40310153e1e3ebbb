import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { MemberDeparture } from './member-departure';
import { MemberRepository } from './member.repository';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { ProjectRepository } from './project.repository';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

/** Projects, their members and roles (access checks: AccessModule; the history: ActivityModule). */
@Module({
  imports: [PeopleModule],
  controllers: [ProjectsController, MembersController],
  providers: [ProjectRepository, MemberRepository, MemberDeparture, ProjectsService, MembersService],
  exports: [ProjectRepository, MemberRepository, MemberDeparture],
})
export class ProjectsModule {}
