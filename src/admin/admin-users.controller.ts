import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PersonOnly, Roles } from '../auth/auth.decorators.js';
import { PageQuery, pageWindow, presentPage } from '../common/http/page.query.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { ApiOk } from '../common/openapi/api-success.decorator.js';
import { AuthError } from '../auth/auth.errors.js';
import { UserPresenter, UserResponse, UserResponsePage } from '../users/user.presenter.js';
import { AdminError } from './admin.errors.js';
import { AdminUsersService } from './admin-users.service.js';
import { ChangeRoleDto } from './dto/change-role.dto.js';

@ApiTags('admin')
@Roles('admin')
@PersonOnly()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users, by id (admin)' })
  @ApiOk(UserResponsePage)
  async list(@Query() query: PageQuery): Promise<UserResponsePage> {
    return presentPage(query, await this.users.list(pageWindow(query)), UserPresenter.present);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a user's role; their sockets are disconnected on every instance" })
  @ApiOk(UserResponse, 'The user with the new role')
  @ApiErrors(AdminError, 'not_found')
  @ApiErrors(AuthError, 'last_admin')
  async changeRole(@Param('id', ParseIdPipe) id: number, @Body() body: ChangeRoleDto): Promise<UserResponse> {
    return UserPresenter.present(await this.users.changeRole(id, body.role));
  }
}
