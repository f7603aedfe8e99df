import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PersonOnly, Roles } from '../auth/auth.decorators.js';
import { PageQuery, pageWindow, presentPage } from '../common/http/page.query.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { UserPresenter } from '../users/user.presenter.js';
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
    return presentPage(query, await this.users.list(pageWindow(query)), UserPresenter.present);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a user's role; their sockets are disconnected on every instance" })
  @ApiOkResponse({ description: 'The user with the new role' })
  @ApiConflictResponse({ description: 'last_admin: the last admin cannot be demoted' })
  async changeRole(@Param('id', ParseIdPipe) id: number, @Body() body: ChangeRoleDto) {
    return UserPresenter.present(await this.users.changeRole(id, body.role));
  }
}
