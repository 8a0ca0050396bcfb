/** Word lists the generated company is made of. Common given and family names, invented combinations. */

/** A comma-separated list as an array (keeps long word lists compact). */
function words(list: string): readonly string[] {
  return list.split(',').map((w) => w.trim());
}

export const REGIONS: readonly string[] = words(
  'Lake Charles, Baton Rouge, EPC, Heat Trace, Beaumont, Geismar, Houston, Corporate, Port Arthur, ' +
    'Sulphur',
);

export const DEPARTMENT_NAMES: readonly string[] = words(
  'Electrical, Instrumentation, Insulation, Heat Trace, Scaffolding, Fabrication, Maintenance, ' +
    'Millwright, Pipe, Civil, Safety, QA/QC, Warehouse, Equipment, Estimating, Engineering, ' +
    'Administration, Payroll, Human Resources, IT',
);

export const TITLES: readonly string[] = words(
  'Electrician, Journeyman Electrician, Apprentice Electrician, Instrument Technician, Foreman, ' +
    'General Foreman, Superintendent, Helper, Insulator, Scaffold Builder, Welder, Pipefitter, ' +
    'Millwright, Operator, Safety Technician, Project Manager, Project Engineer, Estimator, ' +
    'Warehouse Clerk, Office Assistant',
);

export const FIRST_NAMES_M: readonly string[] = words(
  'James, John, Robert, Michael, William, David, Richard, Joseph, Thomas, Charles, Christopher, ' +
    'Daniel, Matthew, Anthony, Mark, Donald, Steven, Paul, Andrew, Joshua, Kenneth, Kevin, Brian, ' +
    'George, Timothy, Ronald, Jason, Edward, Jeffrey, Ryan, Jacob, Gary, Nicholas, Eric, Jonathan, ' +
    'Stephen, Larry, Justin, Scott, Brandon, Benjamin, Samuel, Gregory, Alexander, Patrick, Frank, ' +
    'Raymond, Jack, Dennis, Jerry, Tyler, Aaron, Jose, Adam, Nathan, Henry, Zachary, Douglas, Peter, ' +
    'Kyle, Noah, Ethan, Jeremy, Walter, Christian, Keith, Roger, Terry, Austin, Sean, Gerald, Carl, ' +
    'Dylan, Harold, Jordan, Jesse, Bryan, Lawrence, Arthur, Gabriel, Bruce, Logan, Juan, Billy, Joe, ' +
    'Albert, Willie, Elijah, Wayne, Randy, Vincent, Mason, Roy, Ralph, Bobby, Russell, Bradley, ' +
    'Philip, Eugene, Cody, Beau, Remy, Dustin',
);

export const FIRST_NAMES_F: readonly string[] = words(
  'Mary, Patricia, Jennifer, Linda, Elizabeth, Barbara, Susan, Jessica, Sarah, Karen, Lisa, Nancy, ' +
    'Betty, Sandra, Margaret, Ashley, Kimberly, Emily, Donna, Michelle, Carol, Amanda, Melissa, ' +
    'Deborah, Stephanie, Dorothy, Rebecca, Sharon, Laura, Cynthia, Amy, Kathleen, Angela, Shirley, ' +
    'Brenda, Emma, Anna, Pamela, Nicole, Samantha, Katherine, Christine, Helen, Debra, Rachel, ' +
    'Carolyn, Janet, Maria, Catherine, Heather, Diane, Olivia, Julie, Joyce, Victoria, Ruth, ' +
    'Virginia, Lauren, Kelly, Christina, Joan, Evelyn, Judith, Andrea, Hannah, Megan, Cheryl, ' +
    'Jacqueline, Martha, Madison, Teresa, Gloria, Sara, Janice, Ann, Kathryn, Abigail, Sophia, ' +
    'Frances, Jean, Alice, Judy, Isabella, Julia, Grace, Amber, Denise, Danielle, Marilyn, Beverly, ' +
    'Charlotte, Natalie, Theresa, Diana, Brittany, Doris, Kayla, Alexis, Lori, Marie, Celeste',
);

export const LAST_NAMES: readonly string[] = words(
  'Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, Hernandez, ' +
    'Lopez, Gonzalez, Wilson, Anderson, Thomas, Taylor, Moore, Jackson, Martin, Lee, Perez, ' +
    'Thompson, White, Harris, Sanchez, Clark, Ramirez, Lewis, Robinson, Walker, Young, Allen, King, ' +
    'Wright, Scott, Torres, Nguyen, Hill, Flores, Green, Adams, Nelson, Baker, Hall, Rivera, ' +
    'Campbell, Mitchell, Carter, Roberts, Broussard, Guidry, Hebert, LeBlanc, Landry, Thibodeaux, ' +
    'Fontenot, Boudreaux, Richard, Breaux, Doucet, Arceneaux, Babineaux, Comeaux, Cormier, Dupuis, ' +
    'Fruge, Granger, Hanks, Istre, Jeansonne, Kibodeaux, Lejeune, Melancon, Naquin, Ortego, Prejean, ' +
    "Quebedeaux, Robichaux, Savoie, Trahan, Vincent, Weber, O'Neal, St. Romain, De La Cruz, McGee, " +
    'Phillips, Evans, Turner, Diaz, Parker, Cruz, Edwards, Collins, Reyes, Stewart, Morris',
);

export const STREETS: readonly string[] = words(
  'Ryan St, Broad St, Prien Lake Rd, Lake St, Gerstner Memorial Dr, Nelson Rd, Sale Rd, ' +
    'Country Club Rd, Common St, Enterprise Blvd, Tom Hebert Rd, E McNeese St, Ruth St, Cypress St, ' +
    'Maplewood Dr, Airline Hwy, Florida Blvd, Perkins Rd, Jones Creek Rd, Highland Rd, Calder Ave, ' +
    'Eastex Fwy, Dowlen Rd, Twin City Hwy, Gulfway Dr, Main St, Oak St, Pine St',
);

/** City, state, zip prefix. */
export const PLACES = [
  ['Lake Charles', 'LA', '706'],
  ['Sulphur', 'LA', '706'],
  ['Westlake', 'LA', '706'],
  ['Moss Bluff', 'LA', '706'],
  ['DeRidder', 'LA', '706'],
  ['Jennings', 'LA', '705'],
  ['Lafayette', 'LA', '705'],
  ['Baton Rouge', 'LA', '708'],
  ['Gonzales', 'LA', '707'],
  ['Geismar', 'LA', '707'],
  ['Plaquemine', 'LA', '707'],
  ['Beaumont', 'TX', '777'],
  ['Port Arthur', 'TX', '776'],
  ['Orange', 'TX', '776'],
  ['Vinton', 'LA', '706'],
  ['Pasadena', 'TX', '775'],
  ['Baytown', 'TX', '775'],
] as const;

export const CLIENTS: readonly string[] = words(
  'Sasol, Citgo, Phillips 66, Westlake, Cameron LNG, Venture Global, ExxonMobil, Shell, Dow, BASF, ' +
    'Lotte, Indorama, Entergy, Motiva, Chevron, Lion Copolymer, Firestone, Sabine Pass LNG, ' +
    'Calcasieu Refining, Air Liquide',
);

export const SCOPES: readonly string[] = words(
  'Turnaround, Routine Maintenance, Heat Trace Install, Instrument Upgrade, Insulation Repair, ' +
    'MCC Replacement, Tank Farm Electrical, Cooling Tower, Shutdown Support, Substation Upgrade, ' +
    'Control Room Retrofit, Fire Water Line, Pipe Rack Lighting, Analyzer Shelter, T&M Services',
);

export const VEHICLE_MODELS = [
  ['Ford', 'F-150'],
  ['Ford', 'F-250'],
  ['Ford', 'F-350'],
  ['Ford', 'Transit'],
  ['Chevrolet', 'Silverado 1500'],
  ['Chevrolet', 'Silverado 2500HD'],
  ['Ram', '2500'],
  ['Ram', '3500'],
  ['Toyota', 'Tacoma'],
  ['Isuzu', 'NPR'],
] as const;

/** Characters of a VIN (no I, O, Q). */
export const VIN_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
export const SERIAL_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ23456789';

/** The company's mail domain (Entra and most Vista e-mails); `.example` is reserved, never a real mailbox. */
export const MAIL_DOMAIN = 'iandi.example';
/** The tenant's built-in domain: such mails are never used for matching (domain.md §5). */
export const TENANT_DOMAIN = 'iandi.onmicrosoft.com';
export const PERSONAL_MAIL_DOMAINS = ['mail.example', 'inbox.example'] as const;
export const AREA_CODES = ['337', '225', '409', '318', '985'] as const;
