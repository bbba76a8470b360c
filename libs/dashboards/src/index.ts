export { dashboardCsv, networkCsv, toCsv } from './csv';
export { DashboardQuery, MeDashboardQuery, NetworkDashboardQuery } from './dashboard.dto';
export { DashboardsModule } from './dashboards.module';
export { DashboardsService, type DashboardViewer, type FlowCell, type FlowMatrix } from './dashboards.service';
export { OpenCaseLanguage } from './open-case-language.entity';
export { MIN_CELL, shownCounts, SUPPRESSED, suppressCells, suppressTotal, type ShownCount } from './suppression';
