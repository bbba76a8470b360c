import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { DirectoryService } from './directory/directory.service';
import { Organisation } from './organisations/organisation.entity';
import { OrganisationsService } from './organisations/organisations.service';
import { CounsellingDomain, District, Language } from './reference/reference.entities';
import { ReferenceDataService } from './reference/reference-data.service';
import { CounsellingService } from './services/counselling-service.entity';
import { CounsellingServicesService } from './services/counselling-services.service';

@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([Organisation, CounsellingService, CounsellingDomain, District, Language])],
  providers: [OrganisationsService, CounsellingServicesService, DirectoryService, ReferenceDataService],
  exports: [OrganisationsService, CounsellingServicesService, DirectoryService, ReferenceDataService],
})
export class OrganisationsModule {}
