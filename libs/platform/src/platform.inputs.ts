import { ArrayMaxSize, IsEmail, IsIn, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { RoleValue } from './platform.types.js';

@InputType()
export class CreateAgencyInput {
  @Field(() => String)
  @Length(1, 200)
  name: string;

  @Field(() => String, { description: 'The first agency admin' })
  @IsEmail()
  @MaxLength(254)
  adminEmail: string;

  @Field(() => String)
  @Length(1, 200)
  adminDisplayName: string;

  @Field(() => String)
  @Length(10, 72)
  adminPassword: string;
}

@InputType()
export class CreateClientInput {
  @Field(() => String)
  @Length(1, 200)
  name: string;

  @Field(() => String, { description: 'Upper-case letters, digits, - and _ (2–32)' })
  @Matches(/^[A-Z0-9_-]{2,32}$/)
  code: string;

  @Field(() => String, { nullable: true, defaultValue: 'CNY' })
  @Matches(/^[A-Z]{3}$/)
  currency: string;

  @Field(() => String, { nullable: true, defaultValue: 'Asia/Shanghai' })
  @MaxLength(64)
  timeZone: string;
}

@InputType()
export class CreateUserInput {
  @Field(() => String)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field(() => String)
  @Length(1, 200)
  displayName: string;

  @Field(() => String)
  @Length(10, 72)
  password: string;

  @Field(() => RoleValue)
  @IsIn([RoleValue.AGENCY_ADMIN, RoleValue.SUPERVISOR, RoleValue.COLLECTOR, RoleValue.CLIENT_USER, RoleValue.LAWYER])
  role: RoleValue;

  @Field(() => [ID], { nullable: true, description: 'Supervisor/collector: the banks they may work on. Bank user: exactly one bank.' })
  @IsOptional()
  @ArrayMaxSize(500)
  clientIds?: string[];

  @Field(() => ID, { nullable: true, description: 'Lawyer: the law firm' })
  @IsOptional()
  lawFirmId?: string;
}

@InputType()
export class ChangeUserRoleInput {
  @Field(() => ID)
  userId: string;

  @Field(() => RoleValue)
  @IsIn([RoleValue.AGENCY_ADMIN, RoleValue.SUPERVISOR, RoleValue.COLLECTOR, RoleValue.CLIENT_USER, RoleValue.LAWYER])
  role: RoleValue;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(500)
  clientIds?: string[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  lawFirmId?: string;
}

@InputType()
export class UserFilter {
  @Field(() => RoleValue, { nullable: true })
  role?: RoleValue;

  @Field(() => String, { nullable: true, description: 'Part of the e-mail or name' })
  @IsOptional()
  @MaxLength(100)
  search?: string;

  @Field(() => Boolean, { nullable: true })
  disabled?: boolean;
}
