export { DirectoryEntry, DirectoryOrganisation, DirectoryPage, DirectoryQuery } from './directory/directory.dto';
export { DirectoryService } from './directory/directory.service';
export { OrganisationsModule } from './organisations.module';
export {
  CreateOrganisationDto,
  OrganisationListQuery,
  OrganisationPage,
  OrganisationView,
  PostalAddressDto,
  UpdateOrganisationDto,
} from './organisations/organisation.dto';
export { ORGANISATION_KINDS, Organisation, type OrganisationKind, type PostalAddress } from './organisations/organisation.entity';
export { OrganisationsService, type OrganisationManager } from './organisations/organisations.service';
export { CounsellingDomain, District, Language } from './reference/reference.entities';
export { ReferenceDataService, type ReferenceEditor, type ReferenceKind } from './reference/reference-data.service';
export {
  CreateDistrictDto,
  CreateDomainDto,
  CreateLanguageDto,
  UpdateDistrictDto,
  UpdateDomainDto,
  UpdateLanguageDto,
} from './reference/reference.dto';
export {
  CounsellingServicePage,
  CounsellingServiceView,
  CreateCounsellingServiceDto,
  UpdateCounsellingServiceDto,
} from './services/counselling-service.dto';
export { CAPACITY_STATUSES, CounsellingService, type CapacityStatus } from './services/counselling-service.entity';
export { CounsellingServicesService } from './services/counselling-services.service';
