import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PersonOnly, Roles } from '../auth/auth.decorators.js';
import { presentUser } from '../auth/user.presenter.js';
import { PageQuery, pageMetadata } from '../common/http/page.query.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { AdminUsersService } from './admin-users.service.js';
import { ChangeRoleDto } from './dto/change-role.dto.js';

@ApiTags('admin')
@Roles('admin')
@PersonOnly()
@ApiForbiddenResponse({
  description: 'forbidden (not an admin), api_key_forbidden (admin work needs a person)',
})
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOkResponse({ description: 'Users, by id' })
  async list(@Query() query: PageQuery) {
    const { users, total } = await this.users.list(query.page, query.page_size);
    return { data: users.map(presentUser), metadata: pageMetadata(query, total) };
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a user's role; their sockets are disconnected on every instance" })
  @ApiOkResponse({ description: 'The user with the new role' })
  @ApiConflictResponse({ description: 'last_admin: the last admin cannot be demoted' })
  async changeRole(@Param('id', ParseIdPipe) id: number, @Body() body: ChangeRoleDto) {
    return presentUser(await this.users.changeRole(id, body.role));
  }
}
