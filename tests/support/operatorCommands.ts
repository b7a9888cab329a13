import * as company from '../../server/companyCli';
import * as operator from '../../server/operatorCli';
import { onTestDatabase } from './testServer';

/** The operator's commands on this run's engine (tests/support/testServer.ts). */
export const createCompanyCommand = onTestDatabase(company.createCompanyCommand);
export const setRolloutCommand = onTestDatabase(operator.setRolloutCommand);
export const addCreditsCommand = onTestDatabase(operator.addCreditsCommand);
export const setPlanCommand = onTestDatabase(operator.setPlanCommand);
export const listCompaniesCommand = onTestDatabase(operator.listCompaniesCommand);
