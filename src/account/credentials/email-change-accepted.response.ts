import { ApiProperty } from '@nestjs/swagger';

/** The one answer to an email-change request, whether or not the address is taken. */
export class EmailChangeAcceptedResponse {
  @ApiProperty({ example: 'If the address can be used, a confirmation link is on its way to it.' })
  message!: string;

  static readonly ANSWER: EmailChangeAcceptedResponse = {
    message: 'If the address can be used, a confirmation link is on its way to it.',
  };
}
